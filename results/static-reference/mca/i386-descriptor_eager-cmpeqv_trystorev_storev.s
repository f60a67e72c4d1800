	movl $0x8127660,0x8(%ebx)
	cmp %esi,0x4(%ebx)
	jne .Lout
	mov %ecx,%eax
	cmp %eax,(%edi)
	jne .Lout
	mov %ebp,%eax
	mov $0xa,%edx
	mov %edx,(%eax)
	mov (%esp),%eax
	mov %eax,(%edi)
	movl $0x0,0x8(%ebx)
.Lout:
