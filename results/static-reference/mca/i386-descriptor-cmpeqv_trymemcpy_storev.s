	movl $0x81275e0,0x8(%ecx)
	cmp %ebx,0x4(%ecx)
	jne .Lout
	mov (%esp),%eax
	mov %edx,%esi
	cmp %esi,(%eax)
	jne .Lout
	mov 0x8(%esp),%esi
	mov 0x4(%esp),%edi
	cmp 0xc(%esp),%esi
	je .Lb804a890
	nop 
.Lb804a880:
	mov (%esi),%al
	mov %al,(%edi)
	add $0x1,%esi
	add $0x1,%edi
	cmp 0xc(%esp),%esi
	jne .Lb804a880
.Lb804a890:
	mov (%esp),%eax
	mov %ebp,%esi
	mov %esi,(%eax)
.Lout:
