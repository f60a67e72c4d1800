	movl $0x81275c0,0x8(%ebx)
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
.Lout:
